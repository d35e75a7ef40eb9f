/**
 * What each automatic check found, in Vietnamese, for the signed record. A check stores its
 * description and recommendation in English, with the ids it relied on; the record instead names
 * the check's fault in Vietnamese and the asset and action it is about by code and label (the
 * export adds those), so no stored English and no raw id reaches the page. A unit test keeps one
 * entry per check of ALL_CHECKS.
 */
export interface CheckText {
  /** The fault, as a sentence without its subject. */
  readonly fault: string;
  readonly recommendation: string;
}

export const CHECK_TEXT_VI: Readonly<Record<string, CheckText>> = {
  'sale-below-valuation': {
    fault: 'Giá bán thấp hơn giá trị thẩm định, hoặc bán khi chưa có kết quả thẩm định giá',
    recommendation: 'Làm rõ căn cứ xác định giá bán; thu hồi phần chênh lệch về ngân sách nhà nước nếu không có căn cứ',
  },
  'legal-basis': {
    fault: 'Phương án đã hoàn thành nhưng không có căn cứ pháp lý còn hiệu lực tại ngày quyết định',
    recommendation: 'Xác định văn bản có hiệu lực tại ngày quyết định làm căn cứ; nếu không có, kiến nghị xem xét lại quyết định',
  },
  'backdated-decision': {
    fault: 'Quyết định ghi ngày trước thời hạn nhưng được cập nhật vào hệ thống sau thời hạn (nghi ký lùi ngày)',
    recommendation: 'Đối chiếu số, ngày ban hành quyết định với sổ đăng ký văn bản của cơ quan ban hành',
  },
  'missing-documents': {
    fault: 'Phương án đã hoàn thành nhưng thiếu hồ sơ, tài liệu bắt buộc',
    recommendation: 'Bổ sung các tài liệu còn thiếu vào hồ sơ phương án hoặc giải trình lý do',
  },
  'plan-update-missing': {
    fault: 'Chuyển đổi công năng làm thay đổi loại đất nhưng chưa có quy hoạch được cập nhật, phê duyệt',
    recommendation: 'Cập nhật, trình phê duyệt quy hoạch sử dụng đất và gắn với phương án',
  },
  'priority-ignored': {
    fault: 'Chọn mục đích có thứ tự ưu tiên thấp hơn hoặc bán mà không nêu lý do',
    recommendation: 'Giải trình vì sao không bố trí được cho y tế, giáo dục, văn hóa, thể thao, công an xã hoặc công trình công cộng khác',
  },
  'overdue-action': {
    fault: 'Phương án chưa hoàn thành đã quá thời hạn xử lý',
    recommendation: 'Hoàn thành phương án hoặc ghi rõ lý do chậm trễ và thời hạn mới',
  },
  'handover-decision-overdue': {
    fault: 'Đã bàn giao tạm nhưng quá 30 ngày chưa có quyết định chính thức',
    recommendation: 'Ban hành quyết định chính thức về việc bàn giao',
  },
  'four-eyes': {
    fault: 'Cùng một người vừa trình vừa phê duyệt phương án',
    recommendation: 'Đề nghị người có thẩm quyền khác xem xét lại quyết định; làm rõ vì sao nguyên tắc hai người bị bỏ qua',
  },
  'actor-outside-province': {
    fault: 'Phương án do người dùng ngoài địa bàn tỉnh thực hiện',
    recommendation: 'Kiểm tra thẩm quyền của người dùng đối với tỉnh này và tính hợp lệ của các thao tác đã thực hiện',
  },
  'asset-status-mismatch': {
    fault: 'Tình trạng tài sản không khớp với các phương án xử lý đã ghi nhận',
    recommendation: 'Xác định tình trạng đã bị thay đổi ngoài quy trình như thế nào và điều chỉnh lại hồ sơ',
  },
  'valuation-lowered': {
    fault: 'Giá trị thẩm định bị hạ thấp giữa lúc phê duyệt và lúc hoàn thành',
    recommendation: 'Kiểm tra lần thẩm định lại và lý do; thu hồi phần chênh lệch về ngân sách nếu không có căn cứ',
  },
  'dates-out-of-order': {
    fault: 'Quyết định ghi ngày trước ngày kê khai tài sản dôi dư, hoặc việc hoàn thành, bàn giao ghi ngày trước quyết định',
    recommendation:
      'Đối chiếu các ngày với văn bản đã ký (kê khai, quyết định, biên bản bàn giao, nghiệm thu); điều chỉnh hồ sơ hoặc làm rõ việc xử lý tài sản trước khi có quyết định',
  },
  'valuation-expired': {
    fault: 'Quyết định bán dựa trên kết quả thẩm định giá đã hết hiệu lực',
    recommendation: 'Thẩm định lại giá tài sản, so sánh giá bán với giá trị hiện hành; thu hồi phần thiếu hụt về ngân sách',
  },
  'renovated-then-disposed': {
    fault: 'Cơ sở nhà, đất vừa được cải tạo, sửa chữa đã có quyết định bán, thanh lý trong thời hạn theo dõi',
    recommendation:
      'Làm rõ vì sao vẫn cải tạo, sửa chữa khi đã có thể thấy trước việc xử lý tài sản, và chi phí đó đã được tính vào giá thẩm định chưa; xem xét trách nhiệm nếu gây lãng phí',
  },
};
